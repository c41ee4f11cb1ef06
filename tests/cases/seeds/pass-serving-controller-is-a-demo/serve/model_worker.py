import argparse

if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--model-path")
    print(ap.parse_args().model_path)
