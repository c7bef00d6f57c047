"""Test cases that run with coverage's tracer paused (the ``untraced`` marker, added by
tests/conftest.py), by node id: every (file, line) and branch arc of plangraph each one measures,
a test that stays traced measures too (found with coverage's per-test contexts, a greedy pass
longest first; the coverage JSON, lines and branches per file, is the same with and without;
the present list is stop 24's, picked by a one-off script by test duration, the script below
goes by CPU time in the test process). What each case checks is unchanged: only the tracer is paused
while it runs.

Made by tests/tools/pick_untraced.py (its docstring says why one process's order is enough for
two xdist workers). To pick again, from the repository's root: ``measure`` takes pytest's
arguments (none: the whole suite; ``pick`` rewrites the whole list, so measure at least every
module that holds listed cases, and what it leaves out counts as measuring nothing); the
modules below are those that spend their time in other processes (servers, Chromium,
Virtuoso, pip), where the tracer costs the test process little::

    env -u PYTHONDONTWRITEBYTECODE CI=true .venv/bin/python tests/tools/pick_untraced.py \
        measure --ignore=tests/browser --ignore=tests/api/test_api_durability.py \
        --ignore=tests/api/test_api_openapi.py --ignore=tests/test_virtuoso.py \
        --ignore=tests/test_install.py
    .venv/bin/python tests/tools/pick_untraced.py pick

then compare the whole run's coverage JSON (``make test``'s options plus ``--cov-report=json``)
with and without the new list. The tests marked ``untraced`` in their module are measured
paused, as ``make test`` runs them (tests/conftest.py's ``tracer_off`` keeps pytest-cov's
per-test contexts; a stopped coverage refused them). tests/test_tracer.py fails, naming them,
when a listed id no longer collects a test (a renamed or removed test)."""

UNTRACED_CASES = frozenset(
    {
        # tests/test_analysis.py
        "tests/test_analysis.py::test_centrality[rdflib:memory]",
        "tests/test_analysis.py::test_communities[rdflib:memory]",
        "tests/test_analysis.py::test_coverage_by_theme[rdflib:memory]",
        "tests/test_analysis.py::test_coverage_by_theme[sparql]",
        "tests/test_analysis.py::test_coverage_matrix[rdflib:memory]",
        "tests/test_analysis.py::test_cross_region_gaps[rdflib:memory]",
        "tests/test_analysis.py::test_goals_without_measures[rdflib:memory]",
        "tests/test_analysis.py::test_goals_without_measures[sparql]",
        "tests/test_analysis.py::test_impact[rdflib:memory]",
        "tests/test_analysis.py::test_labels_choose_as_label_of_does[en]",
        "tests/test_analysis.py::test_labels_choose_as_label_of_does[nb]",
        "tests/test_analysis.py::test_labels_choose_as_label_of_does[nn]",
        "tests/test_analysis.py::test_labels_follow_the_language_with_fallback[rdflib:memory]",
        "tests/test_analysis.py::test_labels_follow_the_language_with_fallback[sparql]",
        "tests/test_analysis.py::test_measures_sharing_goal_in_theme[rdflib:memory]",
        "tests/test_analysis.py::test_orphan_measures[rdflib:memory]",
        "tests/test_analysis.py::test_orphan_measures[sparql]",
        "tests/test_analysis.py::test_overlapping_measures[rdflib:memory]",
        "tests/test_analysis.py::test_overlapping_measures[sparql]",
        "tests/test_analysis.py::test_overlaps_filtered_keep_pairs_touching_the_scope[rdflib:memory]",
        "tests/test_analysis.py::test_overlaps_filtered_keep_pairs_touching_the_scope[sparql]",
        "tests/test_analysis.py::test_seed_preparedness_is_covered_by_helse_vests_preparedness_measures",
        "tests/test_analysis.py::test_shared_reads_give_the_rows_each_analysis_gives_alone[memory-scope0-en]",
        "tests/test_analysis.py::test_shared_reads_give_the_rows_each_analysis_gives_alone[memory-scope0-nb]",
        "tests/test_analysis.py::test_shared_reads_give_the_rows_each_analysis_gives_alone[memory-scope1-en]",
        "tests/test_analysis.py::test_shared_reads_give_the_rows_each_analysis_gives_alone[memory-scope1-nb]",
        "tests/test_analysis.py::test_shared_reads_give_the_rows_each_analysis_gives_alone[memory-scope2-en]",
        "tests/test_analysis.py::test_shared_reads_give_the_rows_each_analysis_gives_alone[sparql-scope0-en]",
        "tests/test_analysis.py::test_shared_reads_give_the_rows_each_analysis_gives_alone[sparql-scope1-en]",
        "tests/test_analysis.py::test_shared_reads_give_the_rows_each_analysis_gives_alone[sparql-scope1-nb]",
        "tests/test_analysis.py::test_shared_reads_give_the_rows_each_analysis_gives_alone[sparql-scope2-en]",
        "tests/test_analysis.py::test_shared_reads_give_the_rows_each_analysis_gives_alone[sparql-scope2-nb]",
        "tests/test_analysis.py::test_summary[rdflib:memory]",
        "tests/test_analysis.py::test_trace_challenge[rdflib:memory]",
        "tests/test_analysis.py::test_trace_goal[rdflib:memory]",
        "tests/test_analysis.py::test_trace_measure[rdflib:memory]",
        "tests/test_analysis.py::test_uncovered_challenges_filters[rdflib:memory]",
        "tests/test_analysis.py::test_uncovered_challenges_filters[sparql]",
        "tests/test_analysis.py::test_weakly_covered_challenges[rdflib:memory]",
        "tests/test_analysis.py::test_weakly_covered_challenges[sparql]",
        # tests/test_cli_core.py
        "tests/test_cli_core.py::test_export_writes_parseable_rdf[jsonld]",
        "tests/test_cli_core.py::test_export_writes_parseable_rdf[nt]",
        "tests/test_cli_core.py::test_export_writes_parseable_rdf[trig]",
        "tests/test_cli_core.py::test_export_writes_parseable_rdf[ttl]",
        "tests/test_cli_core.py::test_show_bad_input_exits_2_with_a_message[Finnes ikke i noen plan-no node has a label like]",
        "tests/test_cli_core.py::test_show_bad_input_exits_2_with_a_message[https://w3id.org/plangraph/id/nothing-here-no node]",
        "tests/test_cli_core.py::test_show_by_iri_and_prefixed_name_agree",
        "tests/test_cli_core.py::test_show_language_switch",
        "tests/test_cli_core.py::test_validate_fails_readably_on_a_broken_fixture[challenge-without-theme.ttl]",
        "tests/test_cli_core.py::test_validate_fails_readably_on_a_broken_fixture[editorial-label-without-note.ttl]",
        "tests/test_cli_core.py::test_validate_fails_readably_on_a_broken_fixture[measure-without-label.ttl]",
        # tests/test_cli_linking.py
        "tests/test_cli_linking.py::test_suggest_plan_by_slug_label_or_prefixed_name[Regional tiltaksplan]",
        # tests/test_cli_one_command.py
        "tests/test_cli_one_command.py::test_a_misspelt_command_still_gets_typers_answer[args0]",
        "tests/test_cli_one_command.py::test_a_misspelt_command_still_gets_typers_answer[args1]",
        "tests/test_cli_one_command.py::test_a_misspelt_command_still_gets_typers_answer[args2]",
        "tests/test_cli_one_command.py::test_a_misspelt_command_still_gets_typers_answer[args3]",
        "tests/test_cli_one_command.py::test_a_misspelt_command_still_gets_typers_answer[args4]",
        "tests/test_cli_one_command.py::test_each_one_command_app_holds_its_command_alone",
        # tests/test_store.py
        "tests/test_store.py::test_a_bad_file_in_a_directory_loads_nothing_from_the_directory[rdflib:memory]",
        "tests/test_store.py::test_a_bad_file_in_a_directory_loads_nothing_from_the_directory[sparql]",
        "tests/test_store.py::test_a_dataset_file_replaces_its_own_graphs[rdflib:memory]",
        "tests/test_store.py::test_a_dataset_file_replaces_its_own_graphs[sparql]",
        "tests/test_store.py::test_backends_hold_the_same_quads[memory]",
        "tests/test_store.py::test_backends_hold_the_same_quads[rdflib:memory]",
        "tests/test_store.py::test_backends_hold_the_same_quads[sparql]",
        "tests/test_store.py::test_bindings_select_one_node[rdflib:memory]",
        "tests/test_store.py::test_each_named_graph_holds_exactly_its_file[memory]",
        "tests/test_store.py::test_each_named_graph_holds_exactly_its_file[rdflib:memory]",
        "tests/test_store.py::test_each_named_graph_holds_exactly_its_file[sparql]",
        "tests/test_store.py::test_invalid_or_unsafe_iris_are_rejected_on_load[rdflib:memory-<data:text/html,hi>-data]",
        "tests/test_store.py::test_invalid_or_unsafe_iris_are_rejected_on_load[rdflib:memory-<file:///etc/passwd>-file]",
        "tests/test_store.py::test_invalid_or_unsafe_iris_are_rejected_on_load[rdflib:memory-<https://e.org/with space>-space]",
        'tests/test_store.py::test_invalid_or_unsafe_iris_are_rejected_on_load[rdflib:memory-<https://e.org/with"quote>-quote]',
        "tests/test_store.py::test_invalid_or_unsafe_iris_are_rejected_on_load[rdflib:memory-<javascript:alert(1)>-javascript]",
        "tests/test_store.py::test_invalid_or_unsafe_iris_are_rejected_on_load[sparql-<data:text/html,hi>-data]",
        "tests/test_store.py::test_invalid_or_unsafe_iris_are_rejected_on_load[sparql-<file:///etc/passwd>-file]",
        'tests/test_store.py::test_invalid_or_unsafe_iris_are_rejected_on_load[sparql-<https://e.org/with"quote>-quote]',
        "tests/test_store.py::test_invalid_or_unsafe_iris_are_rejected_on_load[sparql-<javascript:alert(1)>-javascript]",
        "tests/test_store.py::test_loading_a_graph_again_replaces_it[rdflib:memory]",
        "tests/test_store.py::test_loading_a_graph_again_replaces_it[sparql]",
        "tests/test_store.py::test_ox_quads_are_the_same_quads_on_every_backend[memory]",
        "tests/test_store.py::test_ox_quads_are_the_same_quads_on_every_backend[sparql]",
        "tests/test_store.py::test_queries_see_the_union_of_the_graphs[rdflib:memory]",
        "tests/test_store.py::test_save_writes_the_graph_and_it_loads_back[rdflib:memory]",
        "tests/test_store.py::test_save_writes_the_graph_and_it_loads_back[sparql]",
        "tests/test_store.py::test_serialisations_round_trip[memory-jsonld]",
        "tests/test_store.py::test_serialisations_round_trip[memory-nq]",
        "tests/test_store.py::test_serialisations_round_trip[memory-trig]",
        "tests/test_store.py::test_serialisations_round_trip[memory-ttl]",
        "tests/test_store.py::test_serialisations_round_trip[rdflib:memory-jsonld]",
        "tests/test_store.py::test_serialisations_round_trip[rdflib:memory-nq]",
        "tests/test_store.py::test_serialisations_round_trip[rdflib:memory-nt]",
        "tests/test_store.py::test_serialisations_round_trip[rdflib:memory-trig]",
        "tests/test_store.py::test_serialisations_round_trip[rdflib:memory-ttl]",
        "tests/test_store.py::test_serialisations_round_trip[sparql-jsonld]",
        "tests/test_store.py::test_serialisations_round_trip[sparql-nq]",
        "tests/test_store.py::test_serialisations_round_trip[sparql-nt]",
        "tests/test_store.py::test_serialisations_round_trip[sparql-trig]",
        "tests/test_store.py::test_serialisations_round_trip[sparql-ttl]",
        "tests/test_store.py::test_syntax_error_names_file_and_line_and_loads_nothing[rdflib:memory]",
        "tests/test_store.py::test_syntax_error_names_file_and_line_and_loads_nothing[sparql]",
        "tests/test_store.py::test_the_change_counter_moves_on_every_change[rdflib:memory]",
        "tests/test_store.py::test_unknown_format_lists_the_known_ones[rdflib:memory]",
        "tests/test_store.py::test_unknown_format_lists_the_known_ones[sparql]",
        "tests/test_store.py::test_unsafe_iri_error_names_the_scheme[rdflib:memory]",
        "tests/test_store.py::test_unsafe_iri_error_names_the_scheme[sparql]",
        # tests/test_viz.py
        "tests/test_viz.py::test_bad_filters_are_clear_errors_and_change_nothing[filters0-InputError-nonsense]",
        "tests/test_viz.py::test_bad_filters_are_clear_errors_and_change_nothing[filters2-NotFoundError-theme]",
        "tests/test_viz.py::test_covered_flag_agrees_with_the_analysis[memory]",
        "tests/test_viz.py::test_covered_flag_agrees_with_the_analysis[rdflib:memory]",
        "tests/test_viz.py::test_covered_flag_agrees_with_the_analysis[sparql]",
        "tests/test_viz.py::test_focus_with_depth_one_is_the_node_and_its_neighbours[rdflib:memory]",
        "tests/test_viz.py::test_focus_with_depth_one_is_the_node_and_its_neighbours[sparql]",
        "tests/test_viz.py::test_gaps_only_shows_exactly_the_uncovered_challenges[memory]",
        "tests/test_viz.py::test_gaps_only_shows_exactly_the_uncovered_challenges[rdflib:memory]",
        "tests/test_viz.py::test_gaps_only_shows_exactly_the_uncovered_challenges[sparql]",
        "tests/test_viz.py::test_landing_page_shows_the_summary",
        "tests/test_viz.py::test_language_labels_fall_back[memory]",
        "tests/test_viz.py::test_language_labels_fall_back[rdflib:memory]",
        "tests/test_viz.py::test_language_labels_fall_back[sparql]",
        "tests/test_viz.py::test_layouts_are_deterministic_and_layered_by_kind[memory]",
        "tests/test_viz.py::test_layouts_are_deterministic_and_layered_by_kind[rdflib:memory]",
        "tests/test_viz.py::test_layouts_are_deterministic_and_layered_by_kind[sparql]",
        "tests/test_viz.py::test_nodes_take_shape_and_colour_from_their_kind[memory]",
        "tests/test_viz.py::test_nodes_take_shape_and_colour_from_their_kind[rdflib:memory]",
        "tests/test_viz.py::test_nodes_take_shape_and_colour_from_their_kind[sparql]",
        "tests/test_viz.py::test_org_filter_keeps_that_organisations_items[rdflib:memory]",
        "tests/test_viz.py::test_org_filter_keeps_that_organisations_items[sparql]",
        "tests/test_viz.py::test_search_keeps_matches_and_their_neighbours[rdflib:memory]",
        "tests/test_viz.py::test_search_keeps_matches_and_their_neighbours[sparql]",
        "tests/test_viz.py::test_suggested_link_records_show_with_their_status",
        "tests/test_viz.py::test_theme_filter_keeps_the_theme_and_what_addresses_its_challenges[memory]",
        "tests/test_viz.py::test_theme_filter_keeps_the_theme_and_what_addresses_its_challenges[rdflib:memory]",
        "tests/test_viz.py::test_theme_filter_keeps_the_theme_and_what_addresses_its_challenges[sparql]",
        "tests/test_viz.py::test_types_filter_and_limit[rdflib:memory]",
        "tests/test_viz.py::test_types_filter_and_limit[sparql]",
    }
)
