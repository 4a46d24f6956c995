"""One sheet type and one sheet-list format for campaigns and training (core.campaign.sheets)."""
from pathlib import Path

import pytest

from segassess.core.assess.job import AnnotationSpec
from segassess.core.campaign.sheets import (Sheet, input_fingerprint, read_sheet_list, sheets_from_list,
                                            write_sheet_list)
from segassess.core.common.errors import InputError
from segassess.models.training.data import read_training_sheets

# a training list as the trainer wrote it before the sheet types were merged: `name`, specs as mappings
OLD_TRAINING_YAML = """sheets:
- name: tile_a
  image: a/image.tif
  annotation: {path: a/inventory.gpkg, layer: null, where: null}
  truth: {path: a/truth.gpkg, layer: t, where: "id > 2"}
  split: val
  bands: [3, 2, 1]
  stretch: percentile
- name: tile_b
  image: /abs/b.tif
  annotation: b/inventory.gpkg
  truth: b/truth.tif
  split: train
  bands: null
  stretch: auto
"""


def test_old_training_lists_with_a_name_column_still_read(tmp_path):
    (tmp_path / "old.yaml").write_text(OLD_TRAINING_YAML, encoding="utf-8")
    a, b = read_training_sheets(tmp_path / "old.yaml")
    assert a == Sheet("tile_a", str(tmp_path / "a" / "image.tif"), AnnotationSpec(tmp_path / "a" / "inventory.gpkg"),
                      AnnotationSpec(tmp_path / "a" / "truth.gpkg", "t", "id > 2"), split="val", bands=(3, 2, 1),
                      stretch="percentile")
    assert b.sheet_id == "tile_b" and b.image == "/abs/b.tif" and b.truth.path == tmp_path / "b" / "truth.tif"
    assert b.split == "train" and b.bands is None and b.stretch == "auto"
    (tmp_path / "old.csv").write_text("name,image,annotation,truth,bands\nc 1,c.tif,c.gpkg,ct.gpkg,\"4,3,2\"\n",
                                      encoding="utf-8")
    (c,) = read_sheet_list(tmp_path / "old.csv")
    assert c.sheet_id == "c_1" and c.bands == (4, 3, 2)  # ids are safe file names, as campaign ids always were


def test_id_wins_over_name_and_defaults_to_the_image_stem(tmp_path):
    (tmp_path / "l.csv").write_text("id,name,image\nA,alias,x.tif\n,B,y.tif\n,,z.tif\n", encoding="utf-8")
    assert [s.sheet_id for s in read_sheet_list(tmp_path / "l.csv")] == ["A", "B", "z"]


def test_a_written_list_reads_back_the_same_sheets(tmp_path):
    sheets = [Sheet("one", tmp_path / "i1.tif", AnnotationSpec(tmp_path / "a.gpkg", "bldg", "h > 3", True),
                    AnnotationSpec(tmp_path / "t.gpkg"), split="val", bands=[2, 1, 3], stretch="none"),
              Sheet("two", "vrt:///m.vrt?srcwin=0,0,10,10", AnnotationSpec(Path("PG:dbname=gis"), "public.b"))]
    back = read_sheet_list(write_sheet_list(sheets, tmp_path / "out" / "list.yaml"))
    assert back == sheets
    text = (tmp_path / "out" / "list.yaml").read_text(encoding="utf-8")
    assert "- id: one" in text and "name:" not in text


@pytest.mark.parametrize("text,match", [
    ("sheets:\n- image: a.tif\n  split: test\n", "split must be 'train' or 'val'"),
    ("sheets:\n- image: a.tif\n  bands: rgb\n", "not band numbers"),
    ("sheets:\n- image: a.tif\n  annotation: {layer: x}\n", "has no 'path'"),
    ("sheets:\n- annotation: a.gpkg\n", "sheet 1 of l.yaml has no image"),
    ("sheets:\n- {id: A, image: a.tif}\n- {name: A, image: b.tif}\n", "appears twice"),
    ("sheets: []\n", "lists no sheets"),
])
def test_bad_lists_say_what_is_wrong(tmp_path, text, match):
    (tmp_path / "l.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=match):
        read_sheet_list(tmp_path / "l.yaml")


def test_training_needs_annotation_and_truth_campaigns_take_the_run_defaults(tmp_path):
    (tmp_path / "l.yaml").write_text("sheets:\n- {id: A, image: a.tif}\n"
                                     "- {id: B, image: b.tif, annotation: own.gpkg, truth: t.gpkg}\n", encoding="utf-8")
    with pytest.raises(InputError, match="sheet A of l.yaml has no annotation and no truth"):
        read_training_sheets(tmp_path / "l.yaml")
    default = AnnotationSpec(Path("/inv/{sheet}.gpkg"), "lyr", "kind = 'b'", all_touched=True)
    a, b = sheets_from_list(tmp_path / "l.yaml", default, None)
    assert a.annotation == AnnotationSpec(Path("/inv/A.gpkg"), "lyr", "kind = 'b'", True, near_image_only=True)
    assert a.truth is None
    # a row's own annotation keeps its path and layer, takes the run's filter (it has none) and rasterisation rule
    assert b.annotation == AnnotationSpec(tmp_path / "own.gpkg", None, "kind = 'b'", True, near_image_only=True)
    assert b.truth == AnnotationSpec(tmp_path / "t.gpkg", None, None, True, near_image_only=True)
    with pytest.raises(InputError, match="no annotation column and no --annotation"):
        sheets_from_list(tmp_path / "l.yaml", None, None)


def test_a_sheets_own_reading_is_part_of_its_fingerprint(tmp_path):
    image = tmp_path / "i.tif"
    image.write_bytes(b"not read")
    plain = Sheet("s", image, AnnotationSpec(tmp_path / "a.gpkg"))
    same = Sheet("s", image, AnnotationSpec(tmp_path / "a.gpkg"), split="val")  # the split does not change outputs
    other_bands = Sheet("s", image, AnnotationSpec(tmp_path / "a.gpkg"), bands=(3, 2, 1))
    other_stretch = Sheet("s", image, AnnotationSpec(tmp_path / "a.gpkg"), stretch="percentile")
    fps = [input_fingerprint(s) for s in (plain, same, other_bands, other_stretch)]
    assert fps[0] == fps[1] and len(set(fps)) == 3
