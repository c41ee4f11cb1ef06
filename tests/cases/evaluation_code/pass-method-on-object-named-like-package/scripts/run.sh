python -u run.py --is_training 1 --model_id etth1
