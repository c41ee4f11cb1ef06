import os
from argparse import ArgumentParser

import requests

_url_dict = {
    "burgers": "https://labdata.s3.us-west-2.amazonaws.com/PIO/data/burgers.mat",
    "darcy": "https://labdata.s3.us-west-2.amazonaws.com/PIO/data/darcy_r421.mat",
    "ns-pio-140k": "https://labdata.s3.us-west-2.amazonaws.com/PIO/checkpoints/NS-PIO-140000.pt",
}


def main(args):
    url = _url_dict[args.name]
    os.makedirs(args.outdir, exist_ok=True)
    with requests.get(url, stream=True) as r:
        with open(os.path.join(args.outdir, url.split("/")[-1]), "wb") as f:
            f.write(r.content)


if __name__ == "__main__":
    parser = ArgumentParser()
    parser.add_argument("--name", default="burgers")
    parser.add_argument("--outdir", default="data")
    main(parser.parse_args())
