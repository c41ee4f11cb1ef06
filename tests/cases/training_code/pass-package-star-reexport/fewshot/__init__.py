from fewshot.modeling import *
