from setuptools import find_packages, setup


def get_requirements(filename="requirements.txt"):
    with open(filename) as f:
        return [line.strip() for line in f if line.strip()]


setup(
    name="restorer",
    packages=find_packages(exclude=("options", "datasets", "experiments", "results")),
    install_requires=get_requirements(),
)
