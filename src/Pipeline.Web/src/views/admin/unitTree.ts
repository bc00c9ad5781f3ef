// The units as a tree (局 → 乡镇/园区/部门 …) from their parentId, for the admin's unit tree and pickers.
export interface TreeNode<T> {
  unit: T
  children: TreeNode<T>[]
}

export function unitTree<T extends { id: number; parentId: number | null; name: string }>(units: readonly T[]): TreeNode<T>[] {
  const nodes = new Map(units.map((u) => [u.id, { unit: u, children: [] as TreeNode<T>[] }]))
  const roots: TreeNode<T>[] = []
  for (const node of nodes.values()) {
    const parent = node.unit.parentId == null ? undefined : nodes.get(node.unit.parentId)
    if (parent && parent !== node) parent.children.push(node)
    else roots.push(node)
  }
  return roots
}
