package coach

import "context"

// The one authorisation layer. Every Service method that touches a user's
// data calls one of these before reading or writing:
//
//   - a user's practice data (sessions, answers, readiness) is readable by
//     its owner and by the owner's CURRENT coaches (canReadUser);
//   - it is writable only by its owner (canRead is the owner-only check the
//     practice flow uses), except reviews, which a current coach writes
//     (canCoach);
//   - assignments and coaches' questions belong to their coach, who alone
//     writes them; a client reads those of their current coaches;
//   - a link is checked on every request against the client's own record
//     of their coaches, so ending a link ends access at once.
//
// Denials for someone else's data are ENotFound, so ids cannot be probed;
// a caller of the wrong kind (a seeker on a coach's route) gets EForbidden.

// canRead allows the owner alone: the rule for writing practice data and
// for the seeker's own views.
func (s *Service) canRead(id Identity, ownerID string) error {
	if ownerID == "" || ownerID != id.UserID {
		return Errorf(ENotFound, "Session not found.")
	}
	return nil
}

// canReadUser allows the owner and the owner's current coaches.
func (s *Service) canReadUser(ctx context.Context, id Identity, ownerID string) error {
	if ownerID != "" && ownerID == id.UserID {
		return nil
	}
	return s.canCoach(ctx, id, ownerID)
}

// canCoach allows a coach on a current client.
func (s *Service) canCoach(ctx context.Context, id Identity, clientID string) error {
	if err := requireKind(id, KindCoach); err != nil {
		return err
	}
	if !ValidUserID(clientID) || clientID == id.UserID {
		return Errorf(ENotFound, "Not found, or not one of your clients.")
	}
	ok, err := s.Store.IsCoachOf(ctx, id.UserID, clientID)
	if err != nil {
		return err
	}
	if !ok {
		return Errorf(ENotFound, "Not found, or not one of your clients.")
	}
	return nil
}

// canCoachAll is canCoach for a group of clients: one read of the coach's
// current clients (checked against each client's grant) instead of one
// read per client.
func (s *Service) canCoachAll(ctx context.Context, id Identity, clientIDs []string) error {
	if len(clientIDs) == 1 {
		return s.canCoach(ctx, id, clientIDs[0])
	}
	if err := requireKind(id, KindCoach); err != nil {
		return err
	}
	links, err := s.Store.Clients(ctx, id.UserID)
	if err != nil {
		return err
	}
	current := make(map[string]bool, len(links))
	for _, l := range links {
		current[l.UserID] = true
	}
	for _, c := range clientIDs {
		if !current[c] {
			return Errorf(ENotFound, "Not found, or not one of your clients.")
		}
	}
	return nil
}

// canUseCoachContent allows a coach's own questions and assignments to
// the coach and to the coach's current clients.
func (s *Service) canUseCoachContent(ctx context.Context, id Identity, coachID string) error {
	if coachID != "" && coachID == id.UserID {
		return nil
	}
	if !ValidUserID(coachID) {
		return Errorf(ENotFound, "Not found.")
	}
	ok, err := s.Store.IsCoachOf(ctx, coachID, id.UserID)
	if err != nil {
		return err
	}
	if !ok {
		return Errorf(ENotFound, "Not found.")
	}
	return nil
}

// requireKind allows callers of one kind of account.
func requireKind(id Identity, k UserKind) error {
	if id.Kind != k {
		if k == KindCoach {
			return Errorf(EForbidden, "Only coaches can do this.")
		}
		return Errorf(EForbidden, "Only job seekers can do this.")
	}
	return nil
}
