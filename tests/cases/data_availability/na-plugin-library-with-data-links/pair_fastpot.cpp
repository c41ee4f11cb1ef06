#include "pair_fastpot.h"
void PairFastPot::compute(int eflag, int vflag) { /* runs the deployed model */ }
