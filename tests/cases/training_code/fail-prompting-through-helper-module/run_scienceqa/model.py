import openai


class solver:
    def __init__(self, engine="gpt-3.5-turbo"):
        self.engine = engine

    def predict(self, question):
        messages = [{"role": "user", "content": question}]
        reply = openai.ChatCompletion.create(model=self.engine, messages=messages)
        return reply["choices"][0]["message"]["content"]
