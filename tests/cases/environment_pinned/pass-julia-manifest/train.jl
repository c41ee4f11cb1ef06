using Flux
using Random

Random.seed!(1)
model = Chain(Dense(4, 8, relu), Dense(8, 1))
