import argparse

from gensim.models import Word2Vec

if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", required=True)
    ap.add_argument("--word", required=True)
    args = ap.parse_args()
    model = Word2Vec.load(args.model)
    print(model.wv.most_similar(args.word, topn=10))
