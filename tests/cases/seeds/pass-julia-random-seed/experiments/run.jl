using Random
using Statistics

Random.seed!(1234)
x = randn(100)
y = 2 .* x .+ 0.1 .* randn(100)
println(mean(y))
