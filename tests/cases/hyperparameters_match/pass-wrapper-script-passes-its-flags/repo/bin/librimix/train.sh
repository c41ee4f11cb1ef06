#!/usr/bin/env bash
batch_size=64
bin/train.sh \
  --batch-size ${batch_size} \
  --max-epochs 360 \
  $@
