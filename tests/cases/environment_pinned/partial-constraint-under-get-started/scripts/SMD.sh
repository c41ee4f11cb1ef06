python main.py --mode train --dataset SMD
