using Statistics

x = rand(1000)
println(mean(x))
