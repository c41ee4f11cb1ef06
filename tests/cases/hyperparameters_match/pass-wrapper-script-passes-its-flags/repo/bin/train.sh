#!/usr/bin/env bash
python -m sep.cli "$@"
