from cnqp.core.testing.factories import load_all, project_models


def test_every_model_has_a_factory() -> None:
    registered = load_all()
    missing = [m._meta.label for m in project_models() if m not in registered]
    assert not missing, f"models without a factory in their app's factories.py: {missing}"


def test_every_factory_builds_a_valid_record(db) -> None:
    for model, factory in load_all().items():
        record = factory()
        assert model._default_manager.filter(pk=record.pk).exists(), model._meta.label
