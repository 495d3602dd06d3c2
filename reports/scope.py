"""Which node of the organization tree a report is about, and how its rows are grouped one level down.

The rule: a report is always about one node the reader may see (`Organization.objects.visible_to(user)`), by default
the top of their scope, and it reads only rows whose organization path starts with that node's path. Rows are
grouped by the first `len(node.path) + steplen` characters of their organization's path: that prefix is the child
the row rolls up into, or the node itself for people attached to the node directly. One query fetches the children,
one the breadcrumb, whatever the size of the tree.
"""

from dataclasses import dataclass, field

from django.db.models import F
from django.db.models.functions import Substr
from django.http import Http404

from people.models import Organization, Role, User


def may_view_reports(user) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and user.has_perm("reports.view_reports")
        and (user.manages_whole_province or (user.has_role(Role.ORG_ADMIN) and user.organization_id))
    )


@dataclass
class Node:
    """The node a report is about, its children (the rows of "by organization") and the way back up."""

    organization: Organization
    children: list[Organization] = field(default_factory=list)
    breadcrumb: list[Organization] = field(default_factory=list)

    @property
    def path(self) -> str:
        return self.organization.path

    @property
    def prefix_length(self) -> int:
        return len(self.organization.path) + Organization.steplen

    def group_of(self, prefix: str) -> Organization:
        """The child (or the node itself) that a path prefix rolls up into."""
        return self._by_path.get(prefix, self.organization)

    def __post_init__(self):
        self._by_path = {child.path: child for child in self.children}
        self._by_path[self.organization.path] = self.organization

    def rows_in_order(self, figures: dict) -> list[tuple[Organization, dict | None]]:
        """(organization, figures) for each child in name order, then the node's own members if it has any."""
        rows = [(child, figures.get(child.path)) for child in self.children]
        if self.organization.path in figures:
            rows.append((self.organization, figures[self.organization.path]))
        return rows


def resolve_node(user, org_id: str | None) -> Node:
    """The node `org_id` names (or the top of the user's scope); a node outside the scope is a 404."""
    visible = Organization.objects.visible_to(user)
    if org_id:
        if not str(org_id).isdigit() or len(str(org_id)) > 18:
            raise Http404
        organization = visible.filter(pk=int(org_id)).first()
    else:
        organization = visible.order_by("depth", "path").first()
    if organization is None:
        raise Http404
    top_depth = visible.order_by("depth").values_list("depth", flat=True).first()
    children = list(organization.get_children().order_by("name"))
    breadcrumb = []
    if organization.depth > top_depth:
        breadcrumb = list(organization.get_ancestors().filter(depth__gte=top_depth))
    return Node(organization=organization, children=children, breadcrumb=breadcrumb)


def group_prefix(node: Node, organization_path: str = "organization__path"):
    """The SQL expression for the path prefix one level below `node` (see the module docstring)."""
    return Substr(F(organization_path), 1, node.prefix_length)


def counselors_under(node: Node):
    """Approved, active counselors whose organization lies in the node's subtree."""
    return User.objects.filter(
        organization__path__startswith=node.path,
        is_active=True,
        approval_status=User.ApprovalStatus.APPROVED,
        groups__name=Role.COUNSELOR.value,
    )
