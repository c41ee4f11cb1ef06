# Fit the surrogate of Section 4 to the simulated ice-thickness profiles.
using Flux, BSON

const EPOCHS = 200

function load_profiles(path)
    raw = read(path, String)
    rows = [parse.(Float32, split(l, ",")) for l in split(strip(raw), "\n")]
    X = reduce(hcat, [r[1:end-1] for r in rows])
    y = reduce(hcat, [r[end:end] for r in rows])
    return X, y
end

X, y = load_profiles("data/profiles.csv")
model = Chain(Dense(size(X, 1) => 64, tanh), Dense(64 => 1))
opt_state = Flux.setup(Adam(1e-3), model)
loader = Flux.DataLoader((X, y), batchsize=128, shuffle=true)

for epoch in 1:EPOCHS
    Flux.train!(model, loader, opt_state) do m, xb, yb
        Flux.mse(m(xb), yb)
    end
end

BSON.@save "surrogate.bson" model
