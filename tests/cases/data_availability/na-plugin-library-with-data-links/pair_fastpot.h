#pragma once
class PairFastPot { public: void compute(int eflag, int vflag); };
