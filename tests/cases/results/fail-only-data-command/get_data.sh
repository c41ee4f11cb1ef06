#!/bin/bash
mkdir -p data && cd data && echo "fetch $1 here"
