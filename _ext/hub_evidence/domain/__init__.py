"""The domain: every summary's record, kept by Sphinx between builds.

The records are collected from the source side (:mod:`..source`) and merged
from parallel readers (:mod:`.store`); the re-identification check reads all
of them at once (:mod:`.reidentify`). The output (:mod:`..output`) is made
from here.
"""
