#!/bin/sh
set -e
python evaluate.py --checkpoint checkpoints/wrn.pth
