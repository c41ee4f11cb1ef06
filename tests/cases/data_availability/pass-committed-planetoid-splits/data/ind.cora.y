binary y
