"""Sources turn a user's input into local material. They never judge."""
