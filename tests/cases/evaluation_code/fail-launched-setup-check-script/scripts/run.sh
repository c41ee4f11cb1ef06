#!/bin/bash
python utils/test_env.py --device cuda
python train.py
