import torch
import transformers

if __name__ == "__main__":
    transformers.set_seed(42)
    model = transformers.AutoModelForCausalLM.from_pretrained("gpt2")
    opt = torch.optim.AdamW(model.parameters(), lr=2e-5)
    batch = torch.randint(0, 100, (2, 16))
    loss = model(batch, labels=batch).loss
    loss.backward()
    opt.step()
