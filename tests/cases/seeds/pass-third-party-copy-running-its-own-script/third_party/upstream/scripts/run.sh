python third_party/upstream/train_teacher.py --epochs 90
