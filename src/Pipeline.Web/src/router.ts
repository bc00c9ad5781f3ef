// The workspace's pages. Every page but 登录 needs a session; a section the person's roles do not include opens the
// 403 page; a 401 from any API call (an expired or revoked session) returns to 登录 with a message.
import { createRouter, createWebHistory, type RouteLocationNormalized } from 'vue-router'
import { onUnauthorized } from '@/api/http'
import { allows, homeFor, type Section } from '@/navigation/menu'
import { endSession, loadMe, session } from '@/session/session'

declare module 'vue-router' {
  interface RouteMeta {
    /** Pages anyone may open, signed in or not. */
    public?: boolean
    section?: Section
    title?: string
  }
}

export const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/login', component: () => import('@/views/login/LoginView.vue'), meta: { public: true, title: '登录' } },
    { path: '/password', component: () => import('@/views/login/PasswordView.vue'), meta: { title: '修改密码' } },
    {
      path: '/',
      component: () => import('@/layout/AppShell.vue'),
      children: [
        // Where someone lands depends on their roles, known only once the guard below has read who they are.
        { path: '', name: 'home', component: { render: () => null } },
        { path: 'cockpit', component: () => import('@/views/cockpit/CockpitView.vue'), meta: { section: 'cockpit', title: '领导驾驶舱' } },
        { path: 'alerts', component: () => import('@/views/alerts/AlertInboxView.vue'), meta: { section: 'alerts', title: '预警督办' } },
        { path: 'alerts/:id(\\d+)', component: () => import('@/views/alerts/AlertView.vue'), meta: { section: 'alerts', title: '预警详情' } },
        { path: 'projects', component: () => import('@/views/projects/ProjectListView.vue'), meta: { section: 'projects', title: '项目库' } },
        { path: 'projects/:id(\\d+)', component: () => import('@/views/projects/ProjectView.vue'), meta: { section: 'projects', title: '项目详情' } },
        { path: 'forbidden', component: () => import('@/views/errors/ErrorPage.vue'), props: { status: 403 }, meta: { title: '无权访问' } },
        { path: ':unknown(.*)*', component: () => import('@/views/errors/ErrorPage.vue'), props: { status: 404 }, meta: { title: '页面不存在' } },
      ],
    },
  ],
})

router.beforeEach(async (to: RouteLocationNormalized) => {
  if (to.meta.public) return true
  if (!session.token) return { path: '/login', query: { redirect: to.fullPath } }
  // The page's code downloads while the guard learns who is signed in, rather than after.
  if (!session.me) await Promise.all([loadMe(), ...to.matched.map((record) => preload(record.components?.default))])
  if (session.me?.mustChangePassword && to.path !== '/password') return { path: '/password', query: { redirect: to.fullPath } }
  if (to.name === 'home') return homeFor(session.me?.roles ?? [])
  if (to.meta.section && !allows(session.me?.roles ?? [], to.meta.section)) return { path: '/forbidden' }
  return true
})

/** Starts loading a lazily imported page; the router's own import of it later finds the module loaded. */
function preload(component: unknown): Promise<unknown> | undefined {
  return typeof component === 'function' ? (component as () => Promise<unknown>)() : undefined
}

router.afterEach((to) => {
  document.title = to.meta.title ? `${to.meta.title} · Pipeline 招商工作台` : 'Pipeline 招商工作台'
})

onUnauthorized(() => {
  const current = router.currentRoute.value
  endSession()
  if (!current.meta.public) {
    router.replace({ path: '/login', query: { expired: '1', redirect: current.fullPath } })
  }
})
