import numpy as np
import torch

from utils import scores

emb = torch.nn.Embedding(100, 16)
opt = torch.optim.Adam(emb.parameters(), lr=1e-3)
for epoch in range(10):
    loss = emb(torch.arange(10)).pow(2).sum()
    opt.zero_grad()
    loss.backward()
    opt.step()
    recall, ndcg = scores(emb.weight.detach().numpy(), 20)
    print("Test of epoch", epoch, ":", "Recall@20:", recall, "Ndcg@20:", ndcg)
