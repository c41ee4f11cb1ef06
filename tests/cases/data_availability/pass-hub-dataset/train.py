from datasets import load_dataset

if __name__ == '__main__':
    ds = load_dataset('wikitext', 'wikitext-2-raw-v1', split='train')
    print(ds[0])
