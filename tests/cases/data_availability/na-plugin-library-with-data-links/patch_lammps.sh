#!/bin/bash
cp pair_fastpot.cpp pair_fastpot.h "$1/src/"
