"""Reports: run notebooks with papermill (`report.execute`) and export offline HTML (`report.html`).

Nothing is imported here, so `import wgp_audit.report` stays instant; import the submodules.
"""
