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
    // Print pages (A4, no navigation), opened from their records in a tab of their own.
    { path: '/print/reviews/:id(\\d+)', component: () => import('@/views/print/ReviewSheetPrint.vue'), meta: { section: 'reviews', title: '项目预审评分表' } },
    { path: '/print/trips/:id(\\d+)', component: () => import('@/views/print/TripPrint.vue'), meta: { section: 'trips', title: '外出招商报备单' } },
    {
      path: '/print/alerts/:id(\\d+)/instructions/:instructionId(\\d+)',
      component: () => import('@/views/print/InstructionPrint.vue'),
      meta: { section: 'alerts', title: '督办通知单' },
    },
    {
      path: '/print/dispatch-sheet',
      component: () => import('@/views/print/DispatchSheetPrint.vue'),
      meta: { section: 'dispatch', title: '项目调度表' },
    },
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
        { path: 'projects/:id(\\d+)/review', component: () => import('@/views/reviews/ReviewApplyView.vue'), meta: { section: 'projects', title: '申请预审' } },
        { path: 'projects/:id(\\d+)/updates/new', component: () => import('@/views/dispatch/UpdateFormView.vue'), meta: { section: 'dispatch', title: '填报月度调度' } },
        { path: 'projects/:id(\\d+)/updates/:updateId(\\d+)', component: () => import('@/views/dispatch/UpdateView.vue'), meta: { section: 'dispatch', title: '调度详情' } },
        { path: 'dispatch', component: () => import('@/views/dispatch/DispatchView.vue'), meta: { section: 'dispatch', title: '月度调度' } },
        { path: 'trips', component: () => import('@/views/trips/TripListView.vue'), meta: { section: 'trips', title: '外出招商' } },
        { path: 'trips/new', component: () => import('@/views/trips/TripFormView.vue'), meta: { section: 'trips', title: '外出招商报备' } },
        { path: 'trips/:id(\\d+)', component: () => import('@/views/trips/TripView.vue'), meta: { section: 'trips', title: '外出招商详情' } },
        { path: 'reports/trips', component: () => import('@/views/reports/TripReportView.vue'), meta: { section: 'tripReport', title: '外出招商成效' } },
        { path: 'leads', component: () => import('@/views/leads/LeadListView.vue'), meta: { section: 'leads', title: '线索库' } },
        { path: 'leads/new', component: () => import('@/views/leads/LeadFormView.vue'), meta: { section: 'leads', title: '登记线索' } },
        { path: 'leads/:id(\\d+)', component: () => import('@/views/leads/LeadView.vue'), meta: { section: 'leads', title: '线索详情' } },
        { path: 'reviews', component: () => import('@/views/reviews/ReviewListView.vue'), meta: { section: 'reviews', title: '预审' } },
        { path: 'reviews/:id(\\d+)', component: () => import('@/views/reviews/ReviewView.vue'), meta: { section: 'reviews', title: '预审评分' } },
        { path: 'admin', component: () => import('@/views/admin/AdminView.vue'), meta: { section: 'admin', title: '系统管理' } },
        { path: 'audit', component: () => import('@/views/audit/AuditView.vue'), meta: { section: 'audit', title: '审计日志' } },
        { path: 'notifications', component: () => import('@/views/notifications/NotificationsView.vue'), meta: { section: 'notifications', title: '通知' } },
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
