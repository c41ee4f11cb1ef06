coverage <- function(idx) {
  mean(idx > 50)
}
