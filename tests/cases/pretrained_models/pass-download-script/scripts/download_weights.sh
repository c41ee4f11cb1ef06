#!/bin/sh
mkdir -p checkpoints
wget https://zenodo.org/record/3713346/files/wra_28_10.ckpt -O checkpoints/wra_28_10.ckpt
