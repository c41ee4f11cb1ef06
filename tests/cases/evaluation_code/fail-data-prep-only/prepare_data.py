"""Tokenise the corpus into shards."""

import sys


def shard(path: str, size: int = 1000) -> None:
    with open(path, encoding="utf-8") as fh:
        lines = fh.readlines()
    for i in range(0, len(lines), size):
        with open(f"{path}.{i // size}", "w", encoding="utf-8") as out:
            out.writelines(lines[i : i + size])


if __name__ == "__main__":
    shard(sys.argv[1])
