#!/bin/bash
python train_lora.py \
  --instance_dir="data/dog" \
  --max_train_steps=400
