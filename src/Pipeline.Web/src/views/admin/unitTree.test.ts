import { describe, expect, it } from 'vitest'
import { unitTree } from './unitTree'

describe('the unit tree', () => {
  it('hangs units under their parents, keeping their order', () => {
    const tree = unitTree([
      { id: 1, parentId: null, name: '投资促进局' },
      { id: 2, parentId: 1, name: '东城镇' },
      { id: 3, parentId: 1, name: '开发区' },
      { id: 4, parentId: 3, name: '产业园' },
    ])
    expect(tree).toHaveLength(1)
    expect(tree[0].children.map((c) => c.unit.name)).toEqual(['东城镇', '开发区'])
    expect(tree[0].children[1].children[0].unit.name).toBe('产业园')
  })

  it('keeps a unit whose parent it cannot see as a root', () => {
    expect(unitTree([{ id: 5, parentId: 99, name: '西城镇' }]).map((n) => n.unit.id)).toEqual([5])
  })
})
