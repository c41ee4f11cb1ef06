import argparse
import random

import networkx as nx
from gensim.models import Word2Vec


def walks(graph, num, length, rng):
    out = []
    nodes = list(graph.nodes())
    for _ in range(num):
        rng.shuffle(nodes)
        for start in nodes:
            walk = [start]
            while len(walk) < length:
                walk.append(rng.choice(list(graph.neighbors(walk[-1]))))
            out.append([str(v) for v in walk])
    return out


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--input", required=True)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    g = nx.read_edgelist(args.input)
    model = Word2Vec(walks(g, 10, 40, random.Random(args.seed)), vector_size=64, window=5, sg=1)
    model.wv.save_word2vec_format("embeddings.txt")
