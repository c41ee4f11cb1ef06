from loader import load_adult

if __name__ == '__main__':
    df = load_adult()
    print(len(df))
