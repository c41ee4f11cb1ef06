import os
import pickle

import gdown


def load_demos(task):
    home = os.path.expanduser("~/.zoo")
    if task == "kitchen":
        dataset_url = "https://drive.google.com/uc?id=1QwErTyUiOpAsDfGhJkLzXcVbNm135790"
    else:
        raise ValueError(task)
    path = os.path.join(home, f"{task}.pkl")
    if not os.path.exists(path):
        os.makedirs(home, exist_ok=True)
        gdown.download(dataset_url, path, quiet=False)
    with open(path, "rb") as fh:
        return pickle.load(fh)
