"""The benchmark corpus generator behind ``bench/generate.py``, in small modules.

* ``vocabulary``: table nouns, column names and column types;
* ``plugin_tree``: the plugins, their parents and where their files go;
* ``schema``: the tables and columns as they stand after the revisions so far;
* ``workbench``: that schema plus the random choices every change draws on;
* ``changes`` and ``hazards``: ordinary schema changes and the planted ones;
* ``timeline``: which plugin writes each revision and which revisions get a hazard;
* ``op_lines``, ``revision_text`` and ``models_file``: the text written to disk;
* ``generator``: one run over the timeline; ``output``: writing the corpus.
"""
