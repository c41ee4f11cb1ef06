from promptkit.backends import router


class Rewrite:
    def __init__(self, engine: str) -> None:
        self.engine = engine

    def __call__(self, review: str) -> str:
        return router.call(prompt=f"Rewrite: {review}", engine=self.engine, max_tokens=300)
