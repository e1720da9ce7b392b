"""Rendering CloudFormation values for the rules: placeholders, references and imports."""

from __future__ import annotations

from cloudformation import imports, references, render

PARTITION_JOIN = {"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, ":iam::aws:policy/ReadOnlyAccess"]]}


def test_join_renders_references_as_placeholders():
    assert render(PARTITION_JOIN) == "arn:${AWS::Partition}:iam::aws:policy/ReadOnlyAccess"


def test_sub_renders_its_variables_and_keeps_pseudo_parameters():
    value = {"Fn::Sub": ["arn:${AWS::Partition}:s3:::${Name}/*", {"Name": {"Ref": "Bucket"}}]}

    assert render(value) == "arn:${AWS::Partition}:s3:::${Bucket}/*"


def test_get_att_renders_logical_id_and_attribute():
    assert render({"Fn::GetAtt": ["Table", "Arn"]}) == "${Table.Arn}"


def test_references_name_logical_ids_but_not_pseudo_parameters():
    value = {"Fn::Join": ["", [{"Fn::GetAtt": ["Table", "Arn"]}, "/", {"Ref": "AWS::Region"}]]}

    assert references(value) == {"Table"}


def test_references_inside_a_sub_string_are_found():
    assert references({"Fn::Sub": "${Table.Arn}/index/*"}) == {"Table"}


def test_import_nested_in_a_join_is_detected():
    value = {"Fn::Join": ["", [{"Fn::ImportValue": "Data:TableArn"}, "/index/*"]]}

    assert imports(value)


def test_value_without_import_is_not_an_import():
    assert not imports(PARTITION_JOIN)
