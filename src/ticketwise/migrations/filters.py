"""What autogenerate compares: everything but runtime extension tables and the job queue's tables."""


def include_object(obj, name, type_, reflected, compare_to):  # noqa: ANN001, ANN201 - Alembic's hook
    return not (type_ == "table" and name and name.startswith(("ext_", "huey")))
