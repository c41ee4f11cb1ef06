from matcher.model import Matcher

__all__ = ["Matcher"]
