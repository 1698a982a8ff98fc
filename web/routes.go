package web

import "github.com/gin-gonic/gin"

// routes lists every URL the server answers. Middleware is listed
// explicitly, outermost first.
func (s *Server) routes() {
	e := s.engine
	e.Use(s.requestID, s.recover, s.accessLog, s.observe, s.securityHeaders)
	// optionalLogin lets a logged-in visitor's 404 page keep their navigation.
	e.NoRoute(s.optionalLogin, s.notFound)
	e.NoMethod(s.methodNotAllowed)

	e.GET("/healthz", s.healthz)
	e.GET("/readyz", s.readyz)
	e.GET("/metrics", s.metricsHandler())

	api := e.Group("/api/v1", s.limitBody(256<<10))
	api.POST("/signup", s.requireJSON, s.apiSignup)
	api.POST("/login", s.requireJSON, s.apiLogin)
	api.GET("/roles", s.apiRoles)
	api.GET("/questions", s.apiQuestions)

	authed := api.Group("", s.requireToken)
	authed.POST("/logout", s.apiLogout)
	authed.GET("/me", s.apiMe)
	authed.POST("/sessions", s.requireJSON, s.apiCreateSession)
	authed.GET("/sessions", s.apiListSessions)
	authed.GET("/sessions/:id", s.apiGetSession)
	authed.POST("/sessions/:id/answers", s.requireJSON, s.apiSubmitAnswer)
	authed.GET("/readiness", s.apiReadiness)
	authed.GET("/export", s.apiExport)
	// Coaching (api_coaching.go); access rules are in coach/authz.go.
	authed.POST("/invites", s.apiCreateInvite)
	authed.GET("/invites", s.apiListInvites)
	authed.DELETE("/invites/:code", s.apiDeleteInvite)
	authed.POST("/invites/:code/accept", s.apiAcceptInvite)
	authed.GET("/clients", s.apiClients)
	authed.DELETE("/clients/:id", s.apiEndClient)
	authed.GET("/clients/:id/sessions", s.apiClientSessions)
	authed.GET("/clients/:id/readiness", s.apiClientReadiness)
	authed.GET("/coaches", s.apiCoaches)
	authed.DELETE("/coaches/:id", s.apiLeaveCoach)
	authed.POST("/assignments", s.requireJSON, s.apiCreateAssignment)
	authed.GET("/assignments", s.apiAssignments)
	authed.GET("/assignments/:id", s.apiAssignment)
	authed.DELETE("/assignments/:id", s.apiDeleteAssignment)
	authed.GET("/coach/questions", s.apiCoachQuestions)
	authed.POST("/coach/questions", s.requireJSON, s.apiSaveCoachQuestion)
	authed.GET("/coach/questions/:id", s.apiCoachQuestion)
	authed.PUT("/coach/questions/:id", s.requireJSON, s.apiSaveCoachQuestion)
	authed.DELETE("/coach/questions/:id", s.apiDeleteCoachQuestion)
	authed.GET("/reviews", s.apiReviewQueue)
	authed.GET("/answers/:id", s.apiGetAnswer)
	authed.POST("/answers/:id/reviews", s.requireJSON, s.apiReview)
	authed.GET("/cohort", s.apiCohort)
	authed.GET("/notifications", s.apiNotifications)
	authed.POST("/notifications/read", s.apiNotificationsRead)

	// The pages. Authentication is the session cookie; every POST carries
	// a CSRF token (checkCSRF) and a body limit that runs before the form
	// is parsed.
	e.GET("/static/*file", s.static)

	public := e.Group("", s.optionalLogin)
	public.GET("/", s.landing)
	public.GET("/signup", s.signupPage)
	public.POST("/signup", s.limitBody(maxAuthForm), s.checkCSRF, s.signup)
	public.GET("/login", s.loginPage)
	public.POST("/login", s.limitBody(maxAuthForm), s.checkCSRF, s.login)
	public.GET("/roles", s.rolesIndex)
	public.GET("/questions", s.browse)
	public.GET("/invite/:code", s.invitePageGet)

	private := e.Group("", s.requireLogin)
	private.POST("/logout", s.limitBody(maxAuthForm), s.checkCSRF, s.logout)
	private.GET("/dashboard", s.dashboard)
	private.GET("/practice/new", s.practiceSetup)
	private.POST("/practice", s.limitBody(maxPracticeForm), s.checkCSRF, s.createSession)
	private.GET("/practice/:id", s.practice)
	private.POST("/practice/:id/answers", s.limitBody(maxPracticeForm), s.checkCSRF, s.submitAnswer)
	private.GET("/practice/:id/answers/:answer", s.answer)
	private.GET("/practice/:id/answers/:answer/events", s.scoreEvents)
	private.POST("/practice/:id/answers/:answer/score", s.limitBody(maxAuthForm), s.checkCSRF, s.scoreNow)
	private.GET("/sessions", s.history)
	private.GET("/sessions/:id", s.sessionSummary)
	private.GET("/questions/:qid/attempts", s.attempts)
	private.POST("/practice/questions", s.limitBody(maxAuthForm), s.checkCSRF, s.startFromBank)
	private.POST("/practice/next", s.limitBody(maxAuthForm), s.checkCSRF, s.practiseNext)
	private.GET("/export", s.apiExport)
	// Coaching pages (pages_coach.go).
	private.GET("/coach", s.coachDashboard)
	private.POST("/coach/invites", s.limitBody(maxAuthForm), s.checkCSRF, s.createInvitePage)
	private.POST("/coach/invites/:code/delete", s.limitBody(maxAuthForm), s.checkCSRF, s.deleteInvitePage)
	private.GET("/coach/clients/:id", s.clientPageGet)
	private.POST("/coach/clients/:id/end", s.limitBody(maxAuthForm), s.checkCSRF, s.endClientPage)
	private.GET("/coach/assign", s.assignPageGet)
	private.POST("/coach/assignments", s.limitBody(maxCoachForm), s.checkCSRF, s.createAssignmentPage)
	private.GET("/coach/questions", s.questionsPageGet)
	private.POST("/coach/questions", s.limitBody(maxCoachForm), s.checkCSRF, s.saveQuestionPage)
	private.POST("/coach/questions/:id", s.limitBody(maxCoachForm), s.checkCSRF, s.saveQuestionPage)
	private.POST("/coach/questions/:id/delete", s.limitBody(maxAuthForm), s.checkCSRF, s.deleteQuestionPage)
	private.GET("/coach/reviews", s.reviewQueuePage)
	private.GET("/coach/reviews/:answer", s.reviewPageGet)
	private.POST("/coach/reviews/:answer", s.limitBody(maxCoachForm), s.checkCSRF, s.reviewPagePost)
	private.POST("/invite/:code/accept", s.limitBody(maxAuthForm), s.checkCSRF, s.acceptInvitePage)
	private.POST("/assignments/:id/start", s.limitBody(maxAuthForm), s.checkCSRF, s.startAssignmentPage)
	private.POST("/coaches/:id/leave", s.limitBody(maxAuthForm), s.checkCSRF, s.leaveCoachPage)
	private.POST("/notifications/read", s.limitBody(maxAuthForm), s.checkCSRF, s.notificationsReadPage)
}

// routeTable is the list of routes, for tests that must cover them all.
func (s *Server) routeTable() gin.RoutesInfo { return s.engine.Routes() }
