source("utils.R")
results <- c()
for (b in 1:20) {
  set.seed(b + 100)
  idx <- sample(1:200, 100)
  results <- c(results, coverage(idx))
}
print(mean(results))
