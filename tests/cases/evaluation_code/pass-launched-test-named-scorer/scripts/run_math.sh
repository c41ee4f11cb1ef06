#!/bin/bash
OUTPUT_PATH=output/llama-7b
python utils/generate.py --model $OUTPUT_PATH --data data/gsm8k_test.jsonl --output_file $OUTPUT_PATH/response.jsonl
python utils/test_acc.py --input_file $OUTPUT_PATH/response.jsonl
