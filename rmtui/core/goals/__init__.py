"""Goal sheets: each pair's sheet and goals, the goal-setting templates and their texts, and the coordinator's view of the sheets (never their confidential sections).

Every name below is imported from its module on first use, so importing one module of the package
loads none of the others."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rmtui.core.exports import lazy_exports

if TYPE_CHECKING:
    from rmtui.core.goals.sheets import AGREED as AGREED
    from rmtui.core.goals.sheets import DRAFT as DRAFT
    from rmtui.core.goals.sheets import GOAL_STATUSES as GOAL_STATUSES
    from rmtui.core.goals.sheets import NOT_STARTED as NOT_STARTED
    from rmtui.core.goals.sheets import OWNERS as OWNERS
    from rmtui.core.goals.sheets import REVISED_DRAFT as REVISED_DRAFT
    from rmtui.core.goals.sheets import ConfidentialSections as ConfidentialSections
    from rmtui.core.goals.sheets import Goal as Goal
    from rmtui.core.goals.sheets import GoalSheet as GoalSheet
    from rmtui.core.goals.sheets import accept_confidentiality as accept_confidentiality
    from rmtui.core.goals.sheets import add_goal as add_goal
    from rmtui.core.goals.sheets import agree_goal_sheet as agree_goal_sheet
    from rmtui.core.goals.sheets import assign_template as assign_template
    from rmtui.core.goals.sheets import assign_template_to_active_pairs as assign_template_to_active_pairs
    from rmtui.core.goals.sheets import get_goal_sheet as get_goal_sheet
    from rmtui.core.goals.sheets import read_confidential_sections as read_confidential_sections
    from rmtui.core.goals.sheets import remove_goal as remove_goal
    from rmtui.core.goals.sheets import revise_goal_sheet as revise_goal_sheet
    from rmtui.core.goals.sheets import save_confidential_sections as save_confidential_sections
    from rmtui.core.goals.sheets import set_goal_status as set_goal_status
    from rmtui.core.goals.sheets import start_goal_sheet as start_goal_sheet
    from rmtui.core.goals.sheets import update_goal as update_goal
    from rmtui.core.goals.sheets import update_goal_sheet as update_goal_sheet
    from rmtui.core.goals.templates import BUILT_INS as BUILT_INS
    from rmtui.core.goals.templates import CONFIDENTIAL_SECTIONS as CONFIDENTIAL_SECTIONS
    from rmtui.core.goals.templates import DEFAULT_TEMPLATE as DEFAULT_TEMPLATE
    from rmtui.core.goals.templates import SECTION_TITLES as SECTION_TITLES
    from rmtui.core.goals.templates import SuggestedGoal as SuggestedGoal
    from rmtui.core.goals.templates import Template as Template
    from rmtui.core.goals.templates import create_template as create_template
    from rmtui.core.goals.templates import duplicate_template as duplicate_template
    from rmtui.core.goals.templates import edit_template as edit_template
    from rmtui.core.goals.templates import get_template as get_template
    from rmtui.core.goals.templates import list_templates as list_templates
    from rmtui.core.goals.templates import parse_template as parse_template
    from rmtui.core.goals.templates import template_fields as template_fields
    from rmtui.core.goals.views import CoordinatorView as CoordinatorView
    from rmtui.core.goals.views import coordinator_overview as coordinator_overview
    from rmtui.core.goals.views import coordinator_view as coordinator_view

_HOMES = {
    "sheets": (
        "AGREED",
        "ConfidentialSections",
        "DRAFT",
        "GOAL_STATUSES",
        "Goal",
        "GoalSheet",
        "NOT_STARTED",
        "OWNERS",
        "REVISED_DRAFT",
        "accept_confidentiality",
        "add_goal",
        "agree_goal_sheet",
        "assign_template",
        "assign_template_to_active_pairs",
        "get_goal_sheet",
        "read_confidential_sections",
        "remove_goal",
        "revise_goal_sheet",
        "save_confidential_sections",
        "set_goal_status",
        "start_goal_sheet",
        "update_goal",
        "update_goal_sheet",
    ),
    "templates": (
        "BUILT_INS",
        "CONFIDENTIAL_SECTIONS",
        "DEFAULT_TEMPLATE",
        "SECTION_TITLES",
        "SuggestedGoal",
        "Template",
        "create_template",
        "duplicate_template",
        "edit_template",
        "get_template",
        "list_templates",
        "parse_template",
        "template_fields",
    ),
    "views": ("CoordinatorView", "coordinator_overview", "coordinator_view"),
}
__all__, __getattr__ = lazy_exports(__name__, _HOMES)
