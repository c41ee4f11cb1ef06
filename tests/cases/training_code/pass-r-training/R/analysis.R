# Boosted trees for the 30-day risk score (Section 3).
library(xgboost)

cohort <- read.csv("data/cohort_synthetic.csv")
train_rows <- cohort$split == "train"
features <- as.matrix(cohort[, c("age", "crp", "wbc", "creatinine")])

dtrain <- xgb.DMatrix(features[train_rows, ], label = cohort$event[train_rows])
params <- list(objective = "binary:logistic", eta = 0.05, max_depth = 4)
model <- xgb.train(params = params, data = dtrain, nrounds = 300)

saveRDS(model, "risk_model.rds")
