#!/bin/bash
REPO=$PWD
MODEL=${1:-bert-base-multilingual-cased}
python $REPO/third_party/run_classify.py --model_name_or_path $MODEL --task_name xnli --seed 42
